using System.Globalization;

namespace Realtime.Hosting;

/// <summary>Finds a set of processes' descendants from one read of /proc (Linux).</summary>
internal static class ProcessTree
{
    /// <summary>
    /// Every descendant of <paramref name="roots"/> (children first, then their children), or null where /proc cannot be
    /// read (not Linux): the caller then falls back to .NET's own tree kill.
    /// </summary>
    public static IReadOnlyList<int>? TryFindDescendants(IReadOnlyCollection<int> roots)
    {
        if (!Directory.Exists("/proc/self"))
        {
            return null;
        }

        var children = new Dictionary<int, List<int>>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && TryReadParent(directory, out int parent))
            {
                if (!children.TryGetValue(parent, out List<int>? list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var found = new List<int>();
        var queue = new Queue<int>(roots);
        var seen = new HashSet<int>(roots);
        while (queue.TryDequeue(out int pid))
        {
            foreach (int child in children.GetValueOrDefault(pid) ?? [])
            {
                if (seen.Add(child))
                {
                    found.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>The parent pid: the second field after the command name in /proc/&lt;pid&gt;/stat (the name may hold spaces and parentheses, so read after the last ')').</summary>
    private static bool TryReadParent(string directory, out int parent)
    {
        parent = 0;
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(directory, "stat"));
        }
        catch (IOException)
        {
            return false; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        int close = stat.LastIndexOf(')');
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out parent);
    }
}
