using Realtime.Shared;

namespace Realtime.Aws;

/// <summary>Removes signatures and session tokens from URLs and Authorization headers before they reach a log.</summary>
public static class SecretRedactor
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Redacted = UrlRedaction.Redacted;

    /// <summary>
    /// Replaces the values of X-Amz-Signature and X-Amz-Security-Token (any case) and a user-info password
    /// (<c>user:REDACTED@host</c>) with REDACTED and keeps the rest of <paramref name="url"/> as it was. Text that is not
    /// a URL is returned with the same rule applied to any query part.
    /// </summary>
    public static string RedactUrl(string url) => UrlRedaction.RedactUrl(url);

    /// <summary>Applies the <see cref="RedactUrl"/> rule to a bare query string (no leading '?').</summary>
    public static string RedactQuery(string query) => UrlRedaction.RedactQuery(query);

    /// <summary>
    /// Redacts an Authorization header value: a SigV4 header keeps its Credential and SignedHeaders but gets
    /// Signature=REDACTED; any other scheme keeps only its scheme name ("Bearer REDACTED").
    /// </summary>
    public static string RedactAuthorizationHeader(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string trimmed = value.Trim();
        int space = trimmed.IndexOf(' ');
        string scheme = space < 0 ? "" : trimmed[..space];
        if (!scheme.Equals(SigV4Signer.Algorithm, StringComparison.Ordinal))
        {
            return scheme.Length == 0 ? Redacted : $"{scheme} {Redacted}";
        }
        string[] parts = trimmed[(space + 1)..].Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].Trim();
            bool keep = part.StartsWith("Credential=", StringComparison.Ordinal) || part.StartsWith("SignedHeaders=", StringComparison.Ordinal);
            parts[i] = keep ? part : part.StartsWith("Signature=", StringComparison.Ordinal) ? "Signature=" + Redacted : Redacted;
        }
        return $"{scheme} {string.Join(", ", parts)}";
    }
}
