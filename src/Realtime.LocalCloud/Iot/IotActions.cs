using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Iot;

/// <summary>
/// AWS IoT's data actions and their resource ARNs (https://docs.aws.amazon.com/iot/latest/developerguide/iot-policy-actions.html),
/// evaluated with the request's policy variables (<c>${iot:ClientId}</c> is the MQTT connection's client id).
/// </summary>
internal static class IotActions
{
    /// <summary>The policy variables of a request by <paramref name="identity"/>, over MQTT as <paramref name="clientId"/> (null: HTTPS).</summary>
    public static RequestContext Context(IssuedCredentials identity, string? clientId) =>
        clientId is null ? RequestContext.For(identity) : RequestContext.For(identity).With("iot:ClientId", clientId);

    public static bool CanConnect(IssuedCredentials identity, string clientId) =>
        identity.Rights.IsAllowed("iot:Connect", LocalAccount.IotArn("client", clientId), Context(identity, clientId));

    public static bool CanPublish(IssuedCredentials identity, string? clientId, string topic) =>
        identity.Rights.IsAllowed("iot:Publish", LocalAccount.IotArn("topic", topic), Context(identity, clientId));

    /// <summary>A publish with the RETAIN flag (a retained message or a retained will) needs this as well as iot:Publish.</summary>
    public static bool CanRetainPublish(IssuedCredentials identity, string? clientId, string topic) =>
        identity.Rights.IsAllowed("iot:RetainPublish", LocalAccount.IotArn("topic", topic), Context(identity, clientId));

    public static bool CanReceive(IssuedCredentials identity, string clientId, string topic) =>
        identity.Rights.IsAllowed("iot:Receive", LocalAccount.IotArn("topic", topic), Context(identity, clientId));

    public static bool CanSubscribe(IssuedCredentials identity, string clientId, string filter) =>
        identity.Rights.IsAllowed("iot:Subscribe", LocalAccount.IotArn("topicfilter", filter), Context(identity, clientId));
}
