namespace Realtime.LocalCloud.Iam;

/// <summary>
/// IAM string matching: <c>*</c> matches any run of characters (slashes included), <c>?</c> exactly one. MQTT's <c>+</c> and
/// <c>#</c> are ordinary characters here (AWS-NOTES: "In policies * and ? are wildcards; MQTT + and # are literal").
/// </summary>
internal static class Wildcard
{
    public static bool IsMatch(string pattern, string value, bool ignoreCase = false)
    {
        // Iterative glob match with single-star backtracking: linear in practice, no regex, no catastrophic cases.
        int p = 0, v = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)) && pattern[p] != '*')
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
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

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToLowerInvariant(a) == char.ToLowerInvariant(b));
}
