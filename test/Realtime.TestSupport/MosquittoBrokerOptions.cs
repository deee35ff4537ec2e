namespace Realtime.TestSupport;

/// <summary>How a <see cref="MosquittoBroker"/> is configured. The defaults give an open broker for plain tests.</summary>
public sealed class MosquittoBrokerOptions
{
    /// <summary>Whether clients without credentials may connect (Mosquitto 2.0 refuses them unless told otherwise).</summary>
    public bool AllowAnonymous { get; set; } = true;

    /// <summary>Users and passwords; when set, a password file is generated (hashed with mosquitto_passwd).</summary>
    public IReadOnlyDictionary<string, string>? Users { get; set; }

    /// <summary>Contents of an ACL file (Mosquitto acl_file syntax); null for none (everything allowed).</summary>
    public string? Acl { get; set; }

    /// <summary>Extra mosquitto.conf lines, appended after the generated ones (global settings go before the listeners).</summary>
    public IReadOnlyList<string> ExtraConfigLines { get; set; } = [];

    /// <summary>How long to wait for the listeners to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
