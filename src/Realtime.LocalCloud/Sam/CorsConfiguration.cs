namespace Realtime.LocalCloud.Sam;

/// <summary>An HttpApi CorsConfiguration (API Gateway answers preflights and adds these headers itself).</summary>
internal sealed record CorsConfiguration(
    IReadOnlyList<string> AllowOrigins,
    IReadOnlyList<string> AllowMethods,
    IReadOnlyList<string> AllowHeaders,
    IReadOnlyList<string> ExposeHeaders,
    int? MaxAge,
    bool AllowCredentials);
