using Realtime.LocalCloud.Iam;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Iot;

/// <summary>The four IoT data actions and their resource ARNs (AWS-NOTES "IAM for IoT actions").</summary>
internal static class IotActions
{
    public static bool CanConnect(Rights rights, string clientId) => rights.IsAllowed("iot:Connect", LocalAccount.IotArn("client", clientId));

    public static bool CanPublish(Rights rights, string topic) => rights.IsAllowed("iot:Publish", LocalAccount.IotArn("topic", topic));

    public static bool CanReceive(Rights rights, string topic) => rights.IsAllowed("iot:Receive", LocalAccount.IotArn("topic", topic));

    public static bool CanSubscribe(Rights rights, string filter) => rights.IsAllowed("iot:Subscribe", LocalAccount.IotArn("topicfilter", filter));
}
