using System.Globalization;
using System.Net;
using System.Xml;
using Realtime.Aws;

namespace SessionFunction.Credentials;

/// <summary>
/// Reads STS's XML answers: AssumeRoleResponse/AssumeRoleResult/Credentials on success, ErrorResponse/Error (Code,
/// Message) on failure (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
/// </summary>
internal static class StsResponseParser
{
    /// <summary>STS's answers are a few KB; anything longer is not one.</summary>
    public const int MaxAnswerCharacters = 64 * 1024;

    private static readonly XmlReaderSettings s_settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxAnswerCharacters,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        Async = false,
    };

    /// <summary>The credentials of a successful AssumeRole answer.</summary>
    /// <exception cref="StsException">An error answer, or one that is not a complete AssumeRole answer.</exception>
    public static BrowserCredentials ParseAssumeRole(HttpStatusCode status, Stream answer)
    {
        Dictionary<string, string> fields;
        try
        {
            fields = ReadLeaves(answer);
        }
        catch (XmlException ex)
        {
            throw new StsException(status, "", $"STS answered HTTP {(int)status} with a body that is not STS's XML ({ex.Message}).");
        }

        if ((int)status is < 200 or > 299 || fields.ContainsKey("Error/Code"))
        {
            string code = fields.GetValueOrDefault("Error/Code", "");
            string message = fields.GetValueOrDefault("Error/Message", "(no message)");
            throw new StsException(status, code, message);
        }

        string? keyId = fields.GetValueOrDefault("Credentials/AccessKeyId");
        string? secret = fields.GetValueOrDefault("Credentials/SecretAccessKey");
        string? token = fields.GetValueOrDefault("Credentials/SessionToken");
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(token))
        {
            throw new StsException(status, "", "STS answered without AccessKeyId, SecretAccessKey or SessionToken.");
        }

        DateTimeOffset? expiration = fields.TryGetValue("Credentials/Expiration", out string? text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value)
                ? value
                : null;
        return new BrowserCredentials(new AwsCredentials(keyId, secret, token), expiration);
    }

    /// <summary>Every element that holds text, keyed "Parent/Name" (namespaces ignored; STS puts everything in one).</summary>
    private static Dictionary<string, string> ReadLeaves(Stream answer)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<string>();
        using XmlReader reader = XmlReader.Create(answer, s_settings);
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when !reader.IsEmptyElement:
                    path.Add(reader.LocalName);
                    break;
                case XmlNodeType.EndElement:
                    path.RemoveAt(path.Count - 1);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA when path.Count >= 2:
                    fields.TryAdd($"{path[^2]}/{path[^1]}", reader.Value);
                    break;
            }
        }

        return fields;
    }
}
