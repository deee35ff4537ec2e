using Realtime.LocalCloud.Hosting;
using Realtime.LocalCloud.Iam;

namespace Realtime.LocalCloud.Iot;

/// <summary>What the IoT endpoint's parts share: identities, rules, log, time.</summary>
internal sealed record IotContext(CredentialStore Credentials, RuleEngine Rules, LocalLog Log, TimeProvider Time);
