using System.Text.Json;

namespace SessionFunction.Tests.Support;

/// <summary>API Gateway proxy events as API Gateway sends them (trimmed examples from the AWS developer guides).</summary>
internal static class GatewayEvents
{
    /// <summary>An HTTP API payload 2.0 event.</summary>
    public static string HttpApiV2(string method = "GET", string path = "/", string stage = "$default") => $$"""
        {
          "version": "2.0",
          "routeKey": "{{method}} {{path}}",
          "rawPath": "{{path}}",
          "rawQueryString": "",
          "headers": { "accept": "application/json", "host": "abc123.execute-api.us-east-1.amazonaws.com", "origin": "https://app.example.com" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": { "method": "{{method}}", "path": "{{path}}", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "test" },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "{{method}} {{path}}",
            "stage": "{{stage}}",
            "time": "22/Nov/2026:02:30:15 +0000",
            "timeEpoch": 1795746615250
          },
          "isBase64Encoded": false
        }
        """;

    /// <summary>
    /// An HTTP API payload 2.0 event for an IAM-authorized route, with the <c>requestContext.authorizer.iam</c> block API
    /// Gateway adds after verifying the SigV4 signature (shape from the API Gateway developer guide, "Working with AWS
    /// Lambda proxy integrations for HTTP APIs"); <paramref name="userArn"/> null leaves the block out. The body and
    /// query carry a channel id an attacker might try to name: the function must ignore them.
    /// </summary>
    public static string HttpApiV2Iam(string? userArn, string method = "POST", string path = "/renew", string apiId = "abc123")
    {
        string authorizer = userArn is null ? "" : $$"""
            "authorizer": {
              "iam": {
                "accessKey": "ASIAFAKESTSKEY000001",
                "accountId": "123456789012",
                "callerId": "AROAEXAMPLEID:client-x",
                "cognitoIdentity": null,
                "principalOrgId": null,
                "userArn": "{{userArn}}",
                "userId": "AROAEXAMPLEID:client-x"
              }
            },
            """;
        return $$"""
            {
              "version": "2.0",
              "routeKey": "{{method}} {{path}}",
              "rawPath": "{{path}}",
              "rawQueryString": "channelId=0123456789abcdef0123",
              "queryStringParameters": { "channelId": "0123456789abcdef0123" },
              "headers": { "host": "{{apiId}}.execute-api.us-east-1.amazonaws.com", "x-channel-id": "0123456789abcdef0123" },
              "requestContext": {
                "accountId": "123456789012",
                "apiId": "{{apiId}}",
                {{authorizer}}
                "domainName": "{{apiId}}.execute-api.us-east-1.amazonaws.com",
                "domainPrefix": "{{apiId}}",
                "http": { "method": "{{method}}", "path": "{{path}}", "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "test" },
                "requestId": "JKJaXmPLvHcESHB=",
                "routeKey": "{{method}} {{path}}",
                "stage": "$default",
                "time": "22/Nov/2026:02:30:15 +0000",
                "timeEpoch": 1795746615250
              },
              "body": "{\"channelId\":\"0123456789abcdef0123\"}",
              "isBase64Encoded": false
            }
            """;
    }

    /// <summary>A REST API payload 1.0 event.</summary>
    public static string RestV1(string method = "GET", string path = "/") => $$"""
        {
          "resource": "{{path}}",
          "path": "{{path}}",
          "httpMethod": "{{method}}",
          "headers": { "Accept": "application/json", "Host": "abc123.execute-api.us-east-1.amazonaws.com" },
          "multiValueHeaders": { "Accept": ["application/json"], "Host": ["abc123.execute-api.us-east-1.amazonaws.com"] },
          "queryStringParameters": null,
          "multiValueQueryStringParameters": null,
          "pathParameters": null,
          "stageVariables": null,
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "resourceId": "r00t",
            "resourcePath": "{{path}}",
            "httpMethod": "{{method}}",
            "path": "/prod{{path}}",
            "stage": "prod",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "identity": { "sourceIp": "203.0.113.7", "userAgent": "test" }
          },
          "body": null,
          "isBase64Encoded": false
        }
        """;

    public static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
