namespace Realtime.Lambda;

/// <summary>A function's per-invocation logic: a typed request in, a typed response out.</summary>
public delegate Task<TResponse> LambdaHandler<TRequest, TResponse>(TRequest request, ILambdaContext context);
