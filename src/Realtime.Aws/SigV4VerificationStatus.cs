namespace Realtime.Aws;

/// <summary>Why a SigV4 verification succeeded or failed.</summary>
public enum SigV4VerificationStatus
{
    /// <summary>The signature is correct, in time, and made with a known key.</summary>
    Valid,

    /// <summary>Required SigV4 parts are missing or unparsable.</summary>
    Malformed,

    /// <summary>The access key id is not known.</summary>
    UnknownAccessKey,

    /// <summary>The session token is missing, unexpected, or does not belong to the access key.</summary>
    InvalidSessionToken,

    /// <summary>The credential scope names another region or service, or a date other than X-Amz-Date's.</summary>
    ScopeMismatch,

    /// <summary>The presigned URL has expired, or the request time is too far from now.</summary>
    Expired,

    /// <summary>The recomputed signature differs.</summary>
    SignatureMismatch,
}
