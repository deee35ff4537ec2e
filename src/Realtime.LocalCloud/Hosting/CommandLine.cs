using System.Globalization;

namespace Realtime.LocalCloud.Hosting;

/// <summary>Parses the local cloud's command line into <see cref="LocalCloudOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: Realtime.LocalCloud --root <repository> [options]
          --template <file>          SAM template (default <root>/serverless.template)
          --api-port <n>             HTTP API (default 3000)
          --demo-port <n>            demo page (default 8080)
          --iot-port <n>             IoT endpoint: /mqtt and POST /topics/{topic} (default 4000)
          --sts-port <n>             STS (default 4001)
          --functions <folder>       published functions, <folder>/<LogicalId>/<Handler> (default <root>/artifacts/<arch>);
                                     arm64 executables on an x64 machine run under qemu-aarch64-static
          --parameter <Name=Value>   override a template parameter (repeatable)
          --env <NAME=VALUE>         add an environment variable to every function (repeatable), e.g. SESSION_IDLE_SECONDS=10
          --credential-seconds <n>   STS issues credentials valid for at most n seconds (tests of renewal; AWS: 900 or more)
        Ports may be 0 (any free port).
        """;

    public static LocalCloudOptions Parse(IReadOnlyList<string> args)
    {
        string? root = null, template = null, functions = null;
        int api = 3000, demo = 8080, iot = 4000, sts = 4001;
        var parameters = new Dictionary<string, string>();
        var environment = new Dictionary<string, string>();
        TimeSpan? credentialLifetime = null;
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--root": root = Value(); break;
                case "--template": template = Value(); break;
                case "--functions": functions = Path.GetFullPath(Value()); break;
                case "--api-port": api = Port(Value()); break;
                case "--demo-port": demo = Port(Value()); break;
                case "--iot-port": iot = Port(Value()); break;
                case "--sts-port": sts = Port(Value()); break;
                case "--parameter": Pair(Value(), parameters); break;
                case "--env": Pair(Value(), environment); break;
                case "--credential-seconds": credentialLifetime = TimeSpan.FromSeconds(Seconds(Value())); break;
                case "--help" or "-h": break;
                default: throw new FormatException($"unknown argument '{args[i]}'");
            }
        }

        return new LocalCloudOptions
        {
            Root = Path.GetFullPath(root ?? Directory.GetCurrentDirectory()),
            TemplatePath = template,
            FunctionsFolder = functions,
            ApiPort = api,
            DemoPort = demo,
            IotPort = iot,
            StsPort = sts,
            Parameters = parameters,
            Environment = environment,
            CredentialLifetime = credentialLifetime,
        };
    }

    private static int Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535
            ? port
            : throw new FormatException($"'{text}' is not a port number (0-65535)");

    private static int Seconds(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 1 and <= 43200
            ? seconds
            : throw new FormatException($"'{text}' is not a number of seconds (1-43200)");

    private static void Pair(string text, Dictionary<string, string> into)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0)
        {
            throw new FormatException($"'{text}' must look like NAME=VALUE");
        }

        into[text[..eq]] = text[(eq + 1)..];
    }
}
