namespace Realtime.LocalCloud.Iam;

/// <summary>
/// The values a request gives IAM policy variables (<c>${iot:ClientId}</c>, <c>${aws:username}</c>, ...). Keys are
/// case-insensitive, as in IAM. A variable the request does not carry stays unresolved (see <see cref="PolicyPattern"/>).
/// </summary>
internal sealed class RequestContext
{
    private readonly Dictionary<string, string> _values;

    private RequestContext(Dictionary<string, string> values) => _values = values;

    /// <summary>A request that carries no variables (e.g. the HTTPS data plane for a role session).</summary>
    public static RequestContext Empty { get; } = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The variables a caller's identity provides: <c>aws:username</c> for IAM users.</summary>
    public static RequestContext For(IssuedCredentials caller)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int user = caller.PrincipalArn.IndexOf(":user/", StringComparison.Ordinal);
        if (user >= 0)
        {
            values["aws:username"] = caller.PrincipalArn[(user + ":user/".Length)..];
        }

        return new RequestContext(values);
    }

    /// <summary>An MQTT request: the connection's client id is <c>iot:ClientId</c>.</summary>
    public static RequestContext ForIot(string clientId) => Empty.With("iot:ClientId", clientId);

    /// <summary>A copy with one more value.</summary>
    public RequestContext With(string key, string value) =>
        new(new Dictionary<string, string>(_values, StringComparer.OrdinalIgnoreCase) { [key] = value });

    public bool TryGet(string key, out string value) => _values.TryGetValue(key.Trim(), out value!);
}
