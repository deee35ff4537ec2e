using System.Text.Json;

namespace Realtime.Aws.Tests.Suite;

/// <summary>One case folder of the SigV4 suite, loaded and checked for completeness.</summary>
internal sealed class SuiteCase
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "sigv4-suite");

    public static readonly string[] RequiredFiles =
    [
        "context.json", "request.txt",
        "header-canonical-request.txt", "header-string-to-sign.txt", "header-signature.txt", "header-signed-request.txt",
        "query-canonical-request.txt", "query-string-to-sign.txt", "query-signature.txt", "query-signed-request.txt",
    ];

    private readonly string _folder;

    /// <summary>Every case name twice, with "header" and with "query": the two ways the suite signs each request.</summary>
    public static TheoryData<string, string> NamesInBothModes()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in Names())
        {
            data.Add(name, "header");
            data.Add(name, "query");
        }

        return data;
    }

    private SuiteCase(string name)
    {
        Name = name;
        _folder = Path.Combine(Root, name);
        string[] missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(_folder, f))).ToArray();
        Assert.True(missing.Length == 0, $"Suite case '{name}' is missing {string.Join(", ", missing)}.");

        using JsonDocument context = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "context.json")));
        JsonElement root = context.RootElement;
        JsonElement credentials = root.GetProperty("credentials");
        Credentials = new AwsCredentials(
            credentials.GetProperty("access_key_id").GetString()!,
            credentials.GetProperty("secret_access_key").GetString()!,
            credentials.TryGetProperty("token", out JsonElement token) ? token.GetString() : null);
        Region = root.GetProperty("region").GetString()!;
        Service = root.GetProperty("service").GetString()!;
        Timestamp = DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Expiration = TimeSpan.FromSeconds(root.GetProperty("expiration_in_seconds").GetInt32());
        Normalize = root.GetProperty("normalize").GetBoolean();
        SignBody = root.GetProperty("sign_body").GetBoolean();
        OmitSessionToken = root.TryGetProperty("omit_session_token", out JsonElement omit) && omit.GetBoolean();
        Request = RawHttpRequest.Parse(File.ReadAllText(Path.Combine(_folder, "request.txt")));
    }

    public string Name { get; }
    public AwsCredentials Credentials { get; }
    public string Region { get; }
    public string Service { get; }
    public DateTimeOffset Timestamp { get; }
    public TimeSpan Expiration { get; }
    public bool Normalize { get; }
    public bool SignBody { get; }
    public bool OmitSessionToken { get; }
    public RawHttpRequest Request { get; }

    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static SuiteCase Load(string name) => new(name);

    public string Expected(string file) => File.ReadAllText(Path.Combine(_folder, file));

    public SigV4Request ToSigV4Request() =>
        SigV4Request.FromTarget(
            Request.Method,
            Request.Target,
            Request.Headers(),
            SigV4Signer.HashPayload(System.Text.Encoding.UTF8.GetBytes(Request.Body)));

    public SigV4SigningParameters Parameters() =>
        new(Credentials, Region, Service, Timestamp)
        {
            NormalizePath = Normalize,
            SessionTokenMode = OmitSessionToken ? SigV4SessionTokenMode.Unsigned : SigV4SessionTokenMode.Signed,
            AddContentSha256Header = SignBody,
        };
}
