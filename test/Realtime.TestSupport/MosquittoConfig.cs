using System.Diagnostics;
using System.Text;

namespace Realtime.TestSupport;

/// <summary>Finds Mosquitto and writes the generated configuration of a <see cref="MosquittoBroker"/>.</summary>
internal static class MosquittoConfig
{
    private const UnixFileMode ReadableByAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static string FindExecutable()
    {
        const string Debian = "/usr/sbin/mosquitto";
        if (File.Exists(Debian))
        {
            return Debian;
        }

        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(folder, "mosquitto");
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "Mosquitto is not installed (looked for /usr/sbin/mosquitto and mosquitto on PATH). Run ./build.sh test, which installs it.");
    }

    public static string CreateDirectory()
    {
        // Owned: folders of test hosts that were killed before disposing their broker are deleted by the next start.
        string directory = Realtime.Hosting.OwnedTempDirectory.Create("mqtt-test-broker-");

        // Started as root, Mosquitto drops to the 'mosquitto' user before reading password and ACL files.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, ReadableByAll | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return directory;
    }

    public static async Task WriteAsync(MosquittoBroker broker, MosquittoBrokerOptions options, CancellationToken cancellationToken)
    {
        var config = new StringBuilder()
            .AppendLine("# Generated for one test run: loopback only, nothing persisted. stderr: unbuffered, unlike a piped stdout.")
            .AppendLine("per_listener_settings false")
            // Started as root, Mosquitto would switch to its own user, which clears the parent-death signal (ChildProcesses).
            .AppendLine(Environment.UserName == "root" ? "user root" : "")
            .AppendLine(options.AllowAnonymous ? "allow_anonymous true" : "allow_anonymous false")
            .AppendLine("persistence false")
            // Without it Mosquitto's Nagle delay meets the receiver's delayed ACK and some deliveries wait ~40 ms.
            .AppendLine("set_tcp_nodelay true")
            .AppendLine("log_dest stderr")
            .AppendLine("log_type error")
            .AppendLine("log_type warning")
            .AppendLine("log_type notice")
            .AppendLine("log_type information");
        if (options.Users is { Count: > 0 } users)
        {
            string passwords = Path.Combine(broker.ConfigDirectory, "passwd");
            await WriteReadableAsync(passwords, string.Concat(users.Select(u => $"{u.Key}:{u.Value}\n")), cancellationToken).ConfigureAwait(false);
            await HashPasswordsAsync(passwords, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                // Owner only (0600): the broker reads it as the user running the tests (or as root, see "user root").
                File.SetUnixFileMode(passwords, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            config.AppendLine($"password_file {passwords}");
        }

        if (options.Acl is { } acl)
        {
            string aclFile = Path.Combine(broker.ConfigDirectory, "acl");
            await WriteReadableAsync(aclFile, acl, cancellationToken).ConfigureAwait(false);
            config.AppendLine($"acl_file {aclFile}");
        }

        foreach (string line in options.ExtraConfigLines)
        {
            config.AppendLine(line);
        }

        config.AppendLine($"listener {broker.TcpPort} 127.0.0.1")
            .AppendLine($"listener {broker.WebSocketPort} 127.0.0.1")
            .AppendLine("protocol websockets");
        await WriteReadableAsync(Path.Combine(broker.ConfigDirectory, "mosquitto.conf"), config.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteReadableAsync(string path, string contents, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, contents, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, ReadableByAll);
        }
    }

    private static async Task HashPasswordsAsync(string path, CancellationToken cancellationToken)
    {
        // mosquitto_passwd -U rewrites a "user:password" file with salted hashes, as Mosquitto 2.0 requires.
        var info = new ProcessStartInfo("mosquitto_passwd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-U");
        info.ArgumentList.Add(path);
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not run mosquitto_passwd.");
        Task<string> errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd -U failed ({process.ExitCode}): {await errors.ConfigureAwait(false)}");
        }
    }
}
