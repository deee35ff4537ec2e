namespace Realtime.LocalCloud.Hosting;

/// <summary>How to start the local cloud; every port may be 0 (a free port, what the tests use).</summary>
internal sealed record LocalCloudOptions
{
    /// <summary>The repository root: the template and the functions' projects are found from here.</summary>
    public required string Root { get; init; }

    /// <summary>The SAM template; defaults to &lt;root&gt;/serverless.template.</summary>
    public string? TemplatePath { get; init; }

    /// <summary>Where the published functions are (&lt;folder&gt;/&lt;LogicalId&gt;/&lt;Handler&gt;); defaults to &lt;root&gt;/artifacts/&lt;arch&gt;.</summary>
    public string? FunctionsFolder { get; init; }

    public int ApiPort { get; init; } = 3000;

    public int DemoPort { get; init; } = 8080;

    public int IotPort { get; init; } = 4000;

    public int StsPort { get; init; } = 4001;

    /// <summary>Template parameter values that replace their Default (--parameter Name=Value).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables added to every function, after the template's (--env NAME=VALUE).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Delay before the first retry of a failed async invocation (AWS: about a minute; the second waits twice as long).</summary>
    public TimeSpan AsyncRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Caps the lifetime of credentials the local STS issues (--credential-seconds); null keeps DurationSeconds as AWS does.
    /// For tests that keep a channel open past its credentials' expiry.
    /// </summary>
    public TimeSpan? CredentialLifetime { get; init; }

    /// <summary>Where the demo page's files are; defaults to the web folder next to the executable.</summary>
    public string? WebRoot { get; init; }

    public bool LogToConsole { get; init; } = true;
}
