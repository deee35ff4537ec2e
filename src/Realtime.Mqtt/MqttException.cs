namespace Realtime.Mqtt;

/// <summary>The one exception type of the MQTT client and codec; <see cref="Code"/> says what went wrong.</summary>
public sealed class MqttException : Exception
{
    /// <summary>Creates an exception with a code and a message that says what went wrong and what to do.</summary>
    public MqttException(MqttErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>Creates a <see cref="MqttErrorCode.ConnectionRefused"/> exception for a CONNACK return code.</summary>
    public MqttException(MqttConnectReturnCode returnCode)
        : base(DescribeRefusal(returnCode))
    {
        Code = MqttErrorCode.ConnectionRefused;
        ConnectReturnCode = returnCode;
    }

    /// <summary>What went wrong.</summary>
    public MqttErrorCode Code { get; }

    /// <summary>The CONNACK return code when <see cref="Code"/> is <see cref="MqttErrorCode.ConnectionRefused"/>; otherwise null.</summary>
    public MqttConnectReturnCode? ConnectReturnCode { get; }

    private static string DescribeRefusal(MqttConnectReturnCode code) => code switch
    {
        MqttConnectReturnCode.UnacceptableProtocolVersion =>
            "The broker refused the connection (0x01 unacceptable protocol version): it does not speak MQTT 3.1.1.",
        MqttConnectReturnCode.IdentifierRejected =>
            "The broker refused the connection (0x02 identifier rejected): use a different client id (AWS IoT: at most 128 bytes).",
        MqttConnectReturnCode.ServerUnavailable =>
            "The broker refused the connection (0x03 server unavailable): retry later.",
        MqttConnectReturnCode.BadUserNameOrPassword =>
            "The broker refused the connection (0x04 bad user name or password): check the credentials.",
        MqttConnectReturnCode.NotAuthorized =>
            "The broker refused the connection (0x05 not authorized): check the credentials and the policy that allows this client id.",
        _ => $"The broker refused the connection (return code 0x{(byte)code:X2}).",
    };
}
