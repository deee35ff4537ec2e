namespace Realtime.TestSupport;

/// <summary>An event the <see cref="FakeRuntimeApi"/> hands out on <c>GET /runtime/invocation/next</c>.</summary>
/// <param name="RequestId">Sent as Lambda-Runtime-Aws-Request-Id.</param>
/// <param name="Body">The event JSON.</param>
/// <param name="Deadline">Sent as Lambda-Runtime-Deadline-Ms (Unix ms).</param>
public sealed record FakeRuntimeApiInvocation(string RequestId, string Body, DateTimeOffset Deadline)
{
    /// <summary>Sent as Lambda-Runtime-Invoked-Function-Arn.</summary>
    public string FunctionArn { get; init; } = "arn:aws:lambda:us-east-1:000000000000:function:test-function";

    /// <summary>Sent as Lambda-Runtime-Trace-Id when not null.</summary>
    public string? TraceId { get; init; } = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    /// <summary>Header names not to send, to test a runtime's handling of a malformed invocation.</summary>
    public IReadOnlyCollection<string> OmittedHeaders { get; init; } = [];

    /// <summary>The headers to send, minus <see cref="OmittedHeaders"/>.</summary>
    public IEnumerable<(string Name, string Value)> Headers()
    {
        (string Name, string? Value)[] all =
        [
            ("Lambda-Runtime-Aws-Request-Id", RequestId),
            ("Lambda-Runtime-Deadline-Ms", Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Lambda-Runtime-Invoked-Function-Arn", FunctionArn),
            ("Lambda-Runtime-Trace-Id", TraceId),
        ];
        foreach ((string name, string? value) in all)
        {
            if (value is not null && !OmittedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                yield return (name, value);
            }
        }
    }
}
