using System.Diagnostics.CodeAnalysis;

namespace Realtime.Aws;

/// <summary>The parts of a SigV4 Authorization header: "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".</summary>
internal sealed record AuthorizationHeader(string Algorithm, string Credential, string SignedHeaders, string Signature)
{
    public static bool TryParse(string value, [NotNullWhen(true)] out AuthorizationHeader? header)
    {
        header = null;
        string trimmed = value.Trim();
        int space = trimmed.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }
        string? credential = null, signedHeaders = null, signature = null;
        foreach (string part in trimmed[(space + 1)..].Split(','))
        {
            string item = part.Trim();
            int equals = item.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }
            string content = item[(equals + 1)..];
            switch (item[..equals])
            {
                case "Credential" when credential is null: credential = content; break;
                case "SignedHeaders" when signedHeaders is null: signedHeaders = content; break;
                case "Signature" when signature is null: signature = content; break;
                default: return false;
            }
        }
        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            return false;
        }
        header = new AuthorizationHeader(trimmed[..space], credential, signedHeaders, signature);
        return true;
    }
}
