namespace Realtime.Shared;

/// <summary>
/// Removes the bearer parts of a URL (SigV4 signature, session token, user-info password) before it reaches a message or log.
/// One source file compiled into Realtime.Aws (behind SecretRedactor) and Realtime.Lambda (configuration errors), because
/// neither library may reference the other.
/// </summary>
internal static class UrlRedaction
{
    /// <summary>The text that replaces a secret.</summary>
    public const string Redacted = "REDACTED";

    private static readonly string[] SecretParameters = ["X-Amz-Signature", "X-Amz-Security-Token"];

    /// <summary>
    /// Replaces the values of X-Amz-Signature and X-Amz-Security-Token (any case) and a user-info password
    /// (<c>user:REDACTED@host</c>) with REDACTED and keeps the rest of <paramref name="url"/> as it was. Text that is not
    /// a URL is returned with the same rule applied to any query part.
    /// </summary>
    public static string RedactUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        url = RedactUserInfoPassword(url);
        int question = url.IndexOf('?');
        if (question < 0)
        {
            return url;
        }
        int hash = url.IndexOf('#', question);
        string query = hash < 0 ? url[(question + 1)..] : url[(question + 1)..hash];
        string fragment = hash < 0 ? "" : url[hash..];
        return url[..(question + 1)] + RedactQuery(query) + fragment;
    }

    /// <summary>Applies the <see cref="RedactUrl"/> rule to a bare query string (no leading '?').</summary>
    public static string RedactQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string[] parts = query.Split('&');
        for (int i = 0; i < parts.Length; i++)
        {
            int equals = parts[i].IndexOf('=');
            string name = equals < 0 ? parts[i] : parts[i][..equals];
            if (IsSecretParameter(Uri.UnescapeDataString(name)))
            {
                parts[i] = name + "=" + Redacted;
            }
        }
        return string.Join('&', parts);
    }

    private static string RedactUserInfoPassword(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        int authorityStart = scheme + 3;
        int authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        string authority = authorityEnd < 0 ? url[authorityStart..] : url[authorityStart..authorityEnd];
        int at = authority.LastIndexOf('@');
        int colon = at < 0 ? -1 : authority.IndexOf(':', 0, at);
        return colon < 0
            ? url
            : string.Concat(url.AsSpan(0, authorityStart + colon + 1), Redacted, url.AsSpan(authorityStart + at));
    }

    private static bool IsSecretParameter(string name) =>
        Array.Exists(SecretParameters, p => p.Equals(name, StringComparison.OrdinalIgnoreCase));
}
