namespace Realtime.Aws;

/// <summary>Whether the session token of temporary credentials is part of the signature.</summary>
public enum SigV4SessionTokenMode
{
    /// <summary>The token is signed (X-Amz-Security-Token in the canonical request): what most AWS services expect.</summary>
    Signed,

    /// <summary>
    /// The token is sent but not signed; in a presigned URL it is appended after X-Amz-Signature.
    /// AWS IoT requires this for wss URLs (docs/aws-facts.md#iot-websocket-urls; suite case post-sts-header-after).
    /// </summary>
    Unsigned,
}
