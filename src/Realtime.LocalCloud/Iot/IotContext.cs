using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Iot;

/// <summary>What the IoT endpoint's parts share: the broker's address and relay password, identities, rules, log, time.</summary>
internal sealed record IotContext(int BrokerPort, string BrokerUser, string BrokerPassword, CredentialStore Credentials, RuleEngine Rules, LocalLog Log, TimeProvider Time)
{
    /// <summary>AWS IoT's payload limit is 128 KB; a packet may add a topic and headers on top.</summary>
    public const int MaxPacketSize = 131_072 + 1024;
}
