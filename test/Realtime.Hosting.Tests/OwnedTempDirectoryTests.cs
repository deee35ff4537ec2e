using System.Diagnostics;
using System.Globalization;
using Realtime.Hosting;

namespace Realtime.Hosting.Tests;

/// <summary>Temp folders that a killed owner leaves behind are cleaned up by the next one, and only those.</summary>
public sealed class OwnedTempDirectoryTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("owned-temp-test-").FullName;

    [Fact]
    public async Task DeleteOrphans_DeletesOnlyFoldersWhoseOwnerIsGone()
    {
        string orphan = Folder("broker-a", await DeadProcessIdAsync());
        string mine = Folder("broker-b", Environment.ProcessId);
        string unowned = Folder("broker-c", owner: null);
        string otherPrefix = Folder("other-d", await DeadProcessIdAsync());

        IReadOnlyList<string> deleted = OwnedTempDirectory.DeleteOrphans(_parent, "broker-");

        Assert.Equal([orphan], deleted);
        Assert.False(Directory.Exists(orphan));
        Assert.True(Directory.Exists(mine) && Directory.Exists(unowned) && Directory.Exists(otherPrefix));
    }

    [Fact]
    public void Create_RecordsThisProcessAsTheOwner()
    {
        string directory = OwnedTempDirectory.Create("owned-temp-test-create-");
        try
        {
            Assert.Equal(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(directory, ".owner-pid")));
            Assert.Empty(OwnedTempDirectory.DeleteOrphans(Path.GetTempPath(), Path.GetFileName(directory)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string Folder(string name, int? owner)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_parent, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "broker.conf"), "");
        if (owner is { } pid)
        {
            File.WriteAllText(Path.Combine(directory, ".owner-pid"), pid.ToString(CultureInfo.InvariantCulture));
        }

        return directory;
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using Process process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return process.Id;
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
