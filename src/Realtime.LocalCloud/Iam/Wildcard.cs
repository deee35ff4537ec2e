namespace Realtime.LocalCloud.Iam;

/// <summary>
/// IAM string matching: <c>*</c> matches any run of characters (slashes included), <c>?</c> exactly one. MQTT's <c>+</c> and
/// <c>#</c> are ordinary characters here (https://docs.aws.amazon.com/iot/latest/developerguide/pub-sub-policy.html).
/// </summary>
internal static class Wildcard
{
    public static bool IsMatch(string pattern, string value, bool ignoreCase = false) => IsMatch(pattern, null, value, ignoreCase);

    /// <summary>As above; characters of <paramref name="pattern"/> marked in <paramref name="literal"/> are never wildcards.</summary>
    public static bool IsMatch(string pattern, bool[]? literal, string value, bool ignoreCase = false)
    {
        bool Star(int i) => pattern[i] == '*' && literal?[i] != true;
        bool AnyOne(int i) => pattern[i] == '?' && literal?[i] != true;
        // Iterative glob match with single-star backtracking: linear in practice, no regex, no catastrophic cases.
        int p = 0, v = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (AnyOne(p) || Same(pattern[p], value[v], ignoreCase)) && !Star(p))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && Star(p))
            {
                starP = p++;
                starV = v;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                v = ++starV;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && Star(p))
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
