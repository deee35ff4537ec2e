using System.Globalization;

namespace Realtime.Hosting;

/// <summary>
/// Temp folders for child processes (a broker's config and password files) that do not pile up when their owner is killed
/// before it can delete them: each records its owner's process id, and creating one deletes those of the same prefix whose
/// owner is no longer running.
/// </summary>
public static class OwnedTempDirectory
{
    private const string OwnerFile = ".owner-pid";

    /// <summary>Creates <c>&lt;temp&gt;/&lt;prefix&gt;&lt;random&gt;</c> owned by this process, after deleting orphans of the same prefix.</summary>
    public static string Create(string prefix)
    {
        DeleteOrphans(Path.GetTempPath(), prefix);
        string directory = Directory.CreateTempSubdirectory(prefix).FullName;
        File.WriteAllText(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return directory;
    }

    /// <summary>Deletes the folders under <paramref name="parent"/> named <paramref name="prefix"/>* whose recorded owner is gone.</summary>
    internal static IReadOnlyList<string> DeleteOrphans(string parent, string prefix)
    {
        var deleted = new List<string>();
        foreach (string directory in Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            try
            {
                // Folders without the owner file (another tool's, or older) are left alone.
                string owner = File.ReadAllText(Path.Combine(directory, OwnerFile)).Trim();
                if (int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !IsRunning(pid))
                {
                    Directory.Delete(directory, recursive: true);
                    deleted.Add(directory);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to clean, or deleted by someone else meanwhile.
            }
        }

        return deleted;
    }

    private static bool IsRunning(int pid) =>
        pid == Environment.ProcessId || (OperatingSystem.IsLinux() ? Directory.Exists($"/proc/{pid}") : ProcessExists(pid));

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
