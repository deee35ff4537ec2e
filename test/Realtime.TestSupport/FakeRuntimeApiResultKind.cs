namespace Realtime.TestSupport;

/// <summary>Which Runtime API endpoint a function posted to.</summary>
public enum FakeRuntimeApiResultKind
{
    /// <summary><c>POST /runtime/invocation/{id}/response</c>.</summary>
    Response,

    /// <summary><c>POST /runtime/invocation/{id}/error</c>.</summary>
    InvocationError,

    /// <summary><c>POST /runtime/init/error</c>.</summary>
    InitError,
}
