namespace Realtime.Aws;

/// <summary>The outcome of signing: the intermediate texts (for diagnostics and tests) and what to add to the request.</summary>
/// <param name="CanonicalRequest">The canonical request that was hashed.</param>
/// <param name="StringToSign">The string that was signed.</param>
/// <param name="Signature">The lowercase hex signature (a secret-equivalent: never log it).</param>
/// <param name="Headers">Header signing: headers to add, in order; empty for query presigning.</param>
/// <param name="Query">Query presigning: the encoded parameters to append to the query; empty for header signing.</param>
public sealed record SigV4SigningResult(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Query)
{
    /// <summary>Describes the result without the signature, token or Authorization value.</summary>
    public override string ToString() =>
        $"SigV4SigningResult {{ Headers = [{string.Join(", ", Headers.Select(h => h.Key))}], Query = {SecretRedactor.RedactQuery(Query)} }}";
}
