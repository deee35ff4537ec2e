using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Hosting;

/// <summary>What <c>./build.sh run</c> prints once everything is up: the URLs and how to talk to the stack.</summary>
internal static class Banner
{
    public static string For(LocalCloudHost host)
    {
        string routes = string.Join(", ", host.Template.Routes.Select(r => $"{r.RouteKey} -> {r.FunctionName}"));
        string iotHost = host.IotUrl.Authority;
        const string Trigger = "'{\"channelId\":\"1\"}'";
        return $"""

            Local cloud is running (Ctrl+C stops everything):
              Session API    {host.ApiUrl}   ({routes})
              Demo page      {host.DemoUrl}
              IoT endpoint   {host.MqttUrl}   (MQTT over WebSocket, SigV4 presigned)
                             {host.IotUrl}   (data plane: aws iot-data --endpoint-url)
              STS            {host.StsUrl}
              Local admin    AWS_ACCESS_KEY_ID={CredentialStore.AdminAccessKeyId} AWS_SECRET_ACCESS_KEY={CredentialStore.AdminSecretAccessKey} AWS_REGION={LocalAccount.Region}

            Try:
              curl -s {host.ApiUrl}
              AWS_ACCESS_KEY_ID={CredentialStore.AdminAccessKeyId} AWS_SECRET_ACCESS_KEY={CredentialStore.AdminSecretAccessKey} AWS_REGION={LocalAccount.Region} \
                /usr/bin/aws iot-data publish --endpoint-url http://{iotHost} --topic foobar/session \
                --cli-binary-format raw-in-base64-out --payload {Trigger}

            """;
    }
}
