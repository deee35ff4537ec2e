using System.Net;
using System.Text;
using SessionFunction.Credentials;

namespace SessionFunction.Tests.Credentials;

/// <summary>Reading STS's XML answers: credentials, error documents, and answers that are neither.</summary>
public sealed class StsResponseParserTests
{
    private const string Success = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <SourceIdentity>Alice</SourceIdentity>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
              <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
              <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
              <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW</SessionToken>
              <Expiration>2019-11-09T13:34:41Z</Expiration>
            </Credentials>
            <PackedPolicySize>6</PackedPolicySize>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """;

    [Fact]
    public void Success_ReadsTheCredentialsAndTheirExpiry()
    {
        BrowserCredentials issued = Parse(HttpStatusCode.OK, Success);

        Assert.Equal("ASIAIOSFODNN7EXAMPLE", issued.Credentials.AccessKeyId);
        Assert.Equal("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", issued.Credentials.SecretAccessKey);
        Assert.Equal("AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW", issued.Credentials.SessionToken);
        Assert.Equal(new DateTimeOffset(2019, 11, 9, 13, 34, 41, TimeSpan.Zero), issued.Expiration);
    }

    [Fact]
    public void Success_WithFractionalSecondsInTheExpiry_ReadsItAsUtc()
    {
        BrowserCredentials issued = Parse(HttpStatusCode.OK, Success.Replace("2019-11-09T13:34:41Z", "2011-07-15T23:28:33.359Z"));

        Assert.Equal(new DateTimeOffset(2011, 7, 15, 23, 28, 33, 359, TimeSpan.Zero), issued.Expiration);
    }

    [Fact]
    public void ErrorDocument_ThrowsWithCodeMessageAndStatus()
    {
        const string error = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>MalformedPolicyDocument</Code><Message>Policy &amp; stuff is wrong</Message></Error>
              <RequestId>4c5d1d7e</RequestId>
            </ErrorResponse>
            """;

        var ex = Assert.Throws<StsException>(() => Parse(HttpStatusCode.BadRequest, error));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("MalformedPolicyDocument", ex.ErrorCode);
        Assert.Equal("Policy & stuff is wrong", ex.Message);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Throttling", true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", true)]
    [InlineData(HttpStatusCode.TooManyRequests, "", true)]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", false)]
    [InlineData(HttpStatusCode.BadRequest, "RegionDisabledException", false)]
    public void ErrorDocument_SaysWhetherToTryAgain(HttpStatusCode status, string code, bool transient)
    {
        var ex = Assert.Throws<StsException>(() => Parse(status, $"<ErrorResponse><Error><Code>{code}</Code><Message>m</Message></Error></ErrorResponse>"));

        Assert.Equal(transient, ex.IsTransient);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<html><body>Bad gateway</body>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")]
    public void NotStsXml_ThrowsAClearError(string body)
    {
        var ex = Assert.Throws<StsException>(() => Parse(HttpStatusCode.OK, body));

        Assert.Contains("not STS's XML", ex.Message);
    }

    [Fact]
    public void HugeAnswer_IsRefused()
    {
        string huge = "<AssumeRoleResponse><Padding>" + new string('x', StsResponseParser.MaxAnswerCharacters) + "</Padding></AssumeRoleResponse>";

        Assert.Throws<StsException>(() => Parse(HttpStatusCode.OK, huge));
    }

    [Theory]
    [InlineData("AccessKeyId")]
    [InlineData("SecretAccessKey")]
    [InlineData("SessionToken")]
    public void SuccessWithoutACredentialPart_Throws(string part)
    {
        string withoutPart = System.Text.RegularExpressions.Regex.Replace(Success, $"<{part}>[^<]*</{part}>", "");

        var ex = Assert.Throws<StsException>(() => Parse(HttpStatusCode.OK, withoutPart));

        Assert.Contains("without AccessKeyId, SecretAccessKey or SessionToken", ex.Message);
    }

    [Fact]
    public void ErrorStatusWithoutAnErrorDocument_Throws()
    {
        var ex = Assert.Throws<StsException>(() => Parse(HttpStatusCode.BadGateway, "<Whatever/>"));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void RegionalEndpoint_FollowsThePartition()
    {
        Assert.Equal(new Uri("https://sts.eu-west-1.amazonaws.com/"), StsClient.RegionalEndpoint("eu-west-1"));
        Assert.Equal(new Uri("https://sts.cn-north-1.amazonaws.com.cn/"), StsClient.RegionalEndpoint("cn-north-1"));
    }

    private static BrowserCredentials Parse(HttpStatusCode status, string body) =>
        StsResponseParser.ParseAssumeRole(status, new MemoryStream(Encoding.UTF8.GetBytes(body)));
}
