namespace SessionFunction.Credentials;

/// <summary>The one STS operation the session function needs (the seam tests replace).</summary>
internal interface IStsClient
{
    /// <summary>
    /// STS AssumeRole on <paramref name="roleArn"/> with an inline session <paramref name="policy"/>. Throws
    /// <see cref="StsException"/> when STS answers with an error, <see cref="HttpRequestException"/> when it cannot be
    /// reached, and <see cref="OperationCanceledException"/> when it does not answer in time.
    /// </summary>
    Task<BrowserCredentials> AssumeRoleAsync(string roleArn, string roleSessionName, int durationSeconds, string policy, CancellationToken cancellationToken);
}
