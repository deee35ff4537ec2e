namespace Realtime.LocalCloud.Iam;

/// <summary>
/// A Resource pattern with its policy variables resolved for one request
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html): <c>${key}</c> becomes the request's
/// value, matched literally (a client id "*" is not a wildcard); <c>${key, 'default'}</c> falls back to the default;
/// <c>${*}</c>, <c>${?}</c> and <c>${$}</c> are the literal characters. A variable the request does not carry leaves the
/// pattern <see cref="Unresolved"/>: the statement then grants nothing, and a Deny applies anyway (fail closed).
/// </summary>
internal readonly struct PolicyPattern
{
    private PolicyPattern(string text, bool[]? literal, bool unresolved)
    {
        Text = text;
        Literal = literal;
        Unresolved = unresolved;
    }

    /// <summary>The pattern after substitution.</summary>
    public string Text { get; }

    /// <summary>Which characters of <see cref="Text"/> came from a variable or an escape (never wildcards); null if none.</summary>
    public bool[]? Literal { get; }

    /// <summary>True when a variable had no value in the request and no default.</summary>
    public bool Unresolved { get; }

    public static PolicyPattern Resolve(string pattern, RequestContext context)
    {
        if (!pattern.Contains("${", StringComparison.Ordinal))
        {
            return new PolicyPattern(pattern, null, false);
        }

        var text = new System.Text.StringBuilder(pattern.Length);
        var literal = new List<bool>(pattern.Length);
        bool unresolved = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            int end = pattern[i] == '$' && i + 1 < pattern.Length && pattern[i + 1] == '{' ? pattern.IndexOf('}', i + 2) : -1;
            if (end < 0)
            {
                text.Append(pattern[i]);
                literal.Add(false);
                continue;
            }

            string? value = Value(pattern[(i + 2)..end], context);
            if (value is null)
            {
                unresolved = true;
                value = "";
            }

            text.Append(value);
            literal.AddRange(Enumerable.Repeat(true, value.Length));
            i = end;
        }

        return new PolicyPattern(text.ToString(), [.. literal], unresolved);
    }

    private static string? Value(string inner, RequestContext context)
    {
        if (inner is "*" or "?" or "$")
        {
            return inner;
        }

        string key = inner;
        string? fallback = null;
        int comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            key = inner[..comma];
            fallback = inner[(comma + 1)..].Trim().Trim('\'');
        }

        return context.TryGet(key, out string value) ? value : fallback;
    }
}
