namespace Realtime.Aws.Tests.Suite;

/// <summary>
/// A signed request of the suite (its <c>*-signed-request.txt</c>) and copies of it with one thing changed. Every copy changes
/// something the signature covers or the verifier must check, so a verifier has to refuse each one.
/// </summary>
internal sealed record SignedRequestMutations(string Name, RawHttpRequest Request, AwsCredentials Credentials, DateTimeOffset Now)
{
    /// <summary>(what changed, request, credentials the verifier finds, verification time)</summary>
    public IEnumerable<(string What, RawHttpRequest Request, AwsCredentials Credentials, DateTimeOffset Now)> All(bool presigned, TimeSpan validity)
    {
        RawHttpRequest r = Request;
        yield return ("signature", WithTarget(r, presigned ? FlipSignatureInQuery(r.Target) : r.Target) with { HeaderLines = presigned ? r.HeaderLines : r.HeaderLines.Select(FlipSignatureInHeader).ToList() }, Credentials, Now);
        yield return ("method", r with { Method = r.Method == "GET" ? "POST" : "GET" }, Credentials, Now);
        yield return ("path", WithTarget(r, InsertIntoPath(r.Target, "x")), Credentials, Now);
        yield return ("added query parameter", WithTarget(r, r.Target + (r.Target.Contains('?') ? "&" : "?") + "extra=1"), Credentials, Now);
        yield return ("host", r with { HeaderLines = r.HeaderLines.Select(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase) ? "Host:evil.example.com" : l).ToList() }, Credentials, Now);
        yield return ("removed host", r with { HeaderLines = r.HeaderLines.Where(l => !l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)).ToList() }, Credentials, Now);
        yield return ("body", r with { Body = r.Body + "x" }, Credentials, Now);
        yield return ("secret key", r, Credentials with { SecretAccessKey = Credentials.SecretAccessKey + "x" }, Now);
        yield return ("too late", r, Credentials, Now + validity + TimeSpan.FromSeconds(1));
        yield return ("too early", r, Credentials, Now - TimeSpan.FromMinutes(16));
        if (Credentials.SessionToken is { } token)
        {
            yield return ("session token", r, Credentials with { SessionToken = token + "x" }, Now);
            yield return ("no session token", WithTarget(r, RemoveTokenFromQuery(r.Target)) with { HeaderLines = r.HeaderLines.Where(l => !l.StartsWith("X-Amz-Security-Token:", StringComparison.OrdinalIgnoreCase)).ToList() }, Credentials, Now);
        }
    }

    private static RawHttpRequest WithTarget(RawHttpRequest r, string target) => r with { Target = target };

    private static string FlipSignatureInQuery(string target)
    {
        int at = target.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + "X-Amz-Signature=".Length;
        return target[..at] + (target[at] == '0' ? '1' : '0') + target[(at + 1)..];
    }

    private static string FlipSignatureInHeader(string line)
    {
        int at = line.IndexOf("Signature=", StringComparison.Ordinal);
        if (!line.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase) || at < 0)
        {
            return line;
        }

        at += "Signature=".Length;
        return line[..at] + (line[at] == '0' ? '1' : '0') + line[(at + 1)..];
    }

    private static string InsertIntoPath(string target, string text)
    {
        int question = target.IndexOf('?');
        string path = question < 0 ? target : target[..question];
        return path.TrimEnd('/') + "/" + text + (question < 0 ? "" : target[question..]);
    }

    private static string RemoveTokenFromQuery(string target)
    {
        int question = target.IndexOf('?');
        if (question < 0)
        {
            return target;
        }

        var kept = target[(question + 1)..].Split('&').Where(p => !p.StartsWith("X-Amz-Security-Token=", StringComparison.Ordinal));
        return target[..(question + 1)] + string.Join('&', kept);
    }
}
