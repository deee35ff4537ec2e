using Realtime.Lambda;
using ResponderFunction;

// Lambda runs this executable (Handler = assembly name "ResponderFunction"); init happens once per process.
// The raw-body overload: the trigger is untrusted, so TriggerParser (not the runtime's JSON reader) judges every payload and a
// broken one gets the "rejected" summary rather than an invocation error (which Lambda would retry twice).
await LambdaBootstrap.RunAsync(
    (environment, logger) => ResponderStartup.Create(environment, logger).HandleAsync,
    ResponderJsonContext.Default.SessionSummary);
