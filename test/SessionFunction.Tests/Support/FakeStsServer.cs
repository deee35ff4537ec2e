using System.Collections.Concurrent;
using System.Net;
using System.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SessionFunction.Tests.Support;

/// <summary>
/// An in-test STS endpoint (AWS query protocol: form-encoded POST, XML answer) on a free loopback port, for the AWS SDK
/// client the function builds from AWS_ENDPOINT_URL_STS. Records every request; answers with <see cref="Credentials"/>
/// or, when <see cref="FailWith"/> is set, with an STS error document.
/// </summary>
internal sealed class FakeStsServer : IAsyncDisposable
{
    public const string AccessKeyId = "ASIAFAKESTS000000001";
    public const string SecretAccessKey = "sts-issued-secret-DO-NOT-LOG-9876543210";
    public const string SessionToken = "sts-issued-token-DO-NOT-LOG/AQoDYXdzEJr+long//token==";

    private readonly WebApplication _app;

    private FakeStsServer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    /// <summary>The URL for AWS_ENDPOINT_URL_STS.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request's form fields and Authorization header, in arrival order.</summary>
    public ConcurrentQueue<StsRequest> Requests { get; } = new();

    /// <summary>When the issued credentials expire (the answer's Expiration).</summary>
    public DateTimeOffset Expiration { get; set; } = DateTimeOffset.UtcNow.AddSeconds(900);

    /// <summary>Never answer (until the caller gives up or the server stops), to test the caller's time limit.</summary>
    public bool Hang { get; set; }

    /// <summary>Answer requests with this STS error instead of credentials (all of them, or the first <see cref="FailCount"/>).</summary>
    public (int Status, string Code, string Message)? FailWith { get; set; }

    /// <summary>How many requests get <see cref="FailWith"/>; null for every one.</summary>
    public int? FailCount { get; set; }

    public static async Task<FakeStsServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var server = new FakeStsServer(builder.Build());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server._app.StartAsync(timeout.Token);
        server.Endpoint = new Uri(server._app.Urls.First() + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        IFormCollection form = http.Request.HasFormContentType
            ? await http.Request.ReadFormAsync(http.RequestAborted)
            : new FormCollection(null);
        Requests.Enqueue(new StsRequest(
            form.ToDictionary(f => f.Key, f => f.Value.ToString()),
            http.Request.Headers.Authorization.ToString(),
            http.Request.Headers["X-Amz-Security-Token"].ToString()));

        if (Hang)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _app.Lifetime.ApplicationStopping);
            await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        http.Response.ContentType = "text/xml";
        if (FailWith is { } failure && (FailCount is not { } count || Requests.Count <= count))
        {
            http.Response.StatusCode = failure.Status;
            await http.Response.WriteAsync($"""
                <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <Error><Type>Sender</Type><Code>{failure.Code}</Code><Message>{SecurityElement.Escape(failure.Message)}</Message></Error>
                  <RequestId>4c5d1d7e-0000-4000-8000-000000000001</RequestId>
                </ErrorResponse>
                """);
            return;
        }

        string sessionName = form["RoleSessionName"].ToString();
        await http.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{AccessKeyId}</AccessKeyId>
                  <SecretAccessKey>{SecretAccessKey}</SecretAccessKey>
                  <SessionToken>{SecurityElement.Escape(SessionToken)}</SessionToken>
                  <Expiration>{Expiration.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAFAKEROLEID000001:{SecurityElement.Escape(sessionName)}</AssumedRoleId>
                  <Arn>arn:aws:sts::123456789012:assumed-role/browser-client/{SecurityElement.Escape(sessionName)}</Arn>
                </AssumedRoleUser>
                <PackedPolicySize>9</PackedPolicySize>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>4c5d1d7e-0000-4000-8000-000000000002</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }
}

/// <summary>One request the fake STS received.</summary>
internal sealed record StsRequest(IReadOnlyDictionary<string, string> Form, string Authorization, string SecurityToken);
