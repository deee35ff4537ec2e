using Realtime.Lambda;
using ResponderFunction;

// Lambda runs this executable (Handler = assembly name "ResponderFunction"); init happens once per process.
await LambdaBootstrap.RunAsync(
    (environment, logger) => ResponderStartup.Create(environment, logger).HandleAsync,
    ResponderJsonContext.Default.JsonElement,
    ResponderJsonContext.Default.SessionSummary);
