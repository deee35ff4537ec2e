using System.Globalization;

namespace MemoryBench;

/// <summary>
/// A cgroup v1 memory controller group (/sys/fs/cgroup/memory/&lt;name&gt;) with a hard limit: the kernel reclaims, then
/// OOM-kills a process of the group that goes over it, like Lambda's memory setting. Removed on dispose.
/// </summary>
internal sealed class MemoryCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup/memory";

    private MemoryCgroup(string path) => Path = path;

    /// <summary>The group's folder; a process joins by writing its pid to cgroup.procs.</summary>
    public string Path { get; }

    public static MemoryCgroup Create(string name, long limitBytes)
    {
        if (!File.Exists(System.IO.Path.Combine(Root, "memory.limit_in_bytes")))
        {
            throw new InvalidOperationException($"no cgroup v1 memory controller at {Root} (mount it, or run on a host that has it)");
        }

        string path = System.IO.Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        var group = new MemoryCgroup(path);
        group.Write("memory.limit_in_bytes", limitBytes.ToString(CultureInfo.InvariantCulture));
        return group;
    }

    /// <summary>Peak usage (resident memory and page cache charged to the group), bytes.</summary>
    public long MaxUsageBytes => long.Parse(Read("memory.max_usage_in_bytes"), CultureInfo.InvariantCulture);

    /// <summary>How often usage hit the limit.</summary>
    public long FailCount => long.Parse(Read("memory.failcnt"), CultureInfo.InvariantCulture);

    /// <summary>Processes the OOM killer killed in this group ("oom_kill" in memory.oom_control; 0 when the kernel has no counter).</summary>
    public long OomKills => Read("memory.oom_control").Split('\n')
        .Select(l => l.Split(' ')).Where(p => p is ["oom_kill", _]).Select(p => long.Parse(p[1], CultureInfo.InvariantCulture)).FirstOrDefault();

    public string Read(string file) => File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
            // Still has a process (it will be gone shortly); the empty group is harmless and reused by name.
        }
    }

    private void Write(string file, string value) => File.WriteAllText(System.IO.Path.Combine(Path, file), value);
}
