using Realtime.Lambda.TestUtilities;

namespace Realtime.Lambda.Tests.Bootstrap;

public sealed class EnvironmentSettingsTests
{
    private static EnvironmentSettings Settings(params (string Name, string? Value)[] variables)
    {
        var environment = new DictionaryEnvironmentVariables();
        foreach ((string name, string? value) in variables)
        {
            environment[name] = value;
        }

        return new EnvironmentSettings(environment);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Optional_UnsetOrBlank_IsNull(string? value)
        => Assert.Null(Settings(("NAME_X", value)).Optional("NAME_X"));

    [Fact]
    public void Optional_Set_IsTrimmed()
        => Assert.Equal("value", Settings(("NAME_X", "  value\t")).Optional("NAME_X"));

    [Fact]
    public void Required_Missing_ThrowsNamingTheVariableWithTheHint()
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => Settings().Required("NAME_X", "set it to y"));

        Assert.Equal("NAME_X is not set (set it to y).", error.Message);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("900", 900)]
    [InlineData(" 42 ", 42)]
    public void OptionalInt_InRange_IsReturned(string text, int expected)
        => Assert.Equal(expected, Settings(("NAME_X", text)).OptionalInt("NAME_X", 1, 900, "seconds"));

    [Fact]
    public void OptionalInt_Unset_IsNull()
        => Assert.Null(Settings().OptionalInt("NAME_X", 1, 900, "seconds"));

    [Theory]
    [InlineData("0")]
    [InlineData("901")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("5m")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void OptionalInt_OutOfRangeOrNotANumber_ThrowsWithTheRange(string text)
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => Settings(("NAME_X", text)).OptionalInt("NAME_X", 1, 900, "seconds"));

        Assert.Equal($"NAME_X has an invalid value '{text}': expected whole seconds from 1 to 900.", error.Message);
    }

    [Fact]
    public void Seconds_UnsetUsesTheFallback_SetIsConverted()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Settings().Seconds("NAME_X", TimeSpan.FromSeconds(30), 1, 60));
        Assert.Equal(TimeSpan.FromSeconds(7), Settings(("NAME_X", "7")).Seconds("NAME_X", TimeSpan.FromSeconds(30), 1, 60));
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-central-2")]
    [InlineData("us-gov-west-1")]
    [InlineData("ap-southeast-4")]
    public void Region_Valid_IsReturned(string region)
        => Assert.Equal(region, Settings(("AWS_REGION", region)).Region());

    [Theory]
    [InlineData("US-EAST-1")]
    [InlineData("us_east_1")]
    [InlineData("useast1")]
    [InlineData("us-east")]
    [InlineData("us-east-1/")]
    public void Region_Invalid_ThrowsNamingIt(string region)
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => Settings(("AWS_REGION", region)).Region());

        Assert.Equal($"AWS_REGION has an invalid value '{region}': expected a region name such as us-east-1.", error.Message);
    }

    [Fact]
    public void Region_Missing_ThrowsNamingIt()
    {
        var error = Assert.Throws<LambdaConfigurationException>(() => Settings(("AWS_REGION", " ")).Region());

        Assert.StartsWith("AWS_REGION is not set (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_LongValue_IsShortened()
    {
        string value = new('x', 200);

        string message = EnvironmentSettings.Invalid("NAME_X", value, "expected y").Message;

        Assert.Equal($"NAME_X has an invalid value '{new string('x', 80)}…': expected y.", message);
    }

    [Fact]
    public void Invalid_UrlValue_IsQuotedWithoutSignatureTokenOrPassword()
    {
        const string value = "wss://u:pw9@h/mqtt?X-Amz-Signature=sig9&x-amz-security-token=tok9";

        string message = EnvironmentSettings.Invalid("NAME_X", value, "expected y").Message;

        Assert.Equal(
            "NAME_X has an invalid value "
            + "'wss://u:REDACTED@h/mqtt?X-Amz-Signature=REDACTED&x-amz-security-token=REDACTED': expected y.",
            message);
    }

    [Fact]
    public void Invalid_LongUrlValue_IsRedactedBeforeItIsShortened()
    {
        // Cut first, the 80 characters would end inside the password, before the '@' that marks it as user-info.
        string value = $"https://{new string('u', 68)}:hunter2@example.com/";

        string message = EnvironmentSettings.Invalid("NAME_X", value, "expected y").Message;

        Assert.DoesNotContain("hun", message, StringComparison.Ordinal);
        Assert.Contains("…': expected y.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_NonUrlValue_IsQuotedAsIs()
        => Assert.Equal(
            "NAME_X has an invalid value 'a?X-Amz-Signature=1': expected y.",
            EnvironmentSettings.Invalid("NAME_X", "a?X-Amz-Signature=1", "expected y").Message);

    [Fact]
    public void OptionalParsed_LibraryFormatError_BecomesTheInvalidValueErrorNamingTheVariable()
    {
        var settings = new EnvironmentSettings(new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["NAME_X"] = " wss://u:pw@h/?X-Amz-Signature=abc " }));

        var error = Assert.Throws<LambdaConfigurationException>(
            () => settings.Optional<Uri>("NAME_X", _ => throw new FormatException("expected a URL.")));

        Assert.Equal("NAME_X has an invalid value 'wss://u:REDACTED@h/?X-Amz-Signature=REDACTED': expected a URL.", error.Message);
    }

    [Fact]
    public void OptionalParsed_UnsetOrValid()
    {
        var settings = new EnvironmentSettings(new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["NAME_X"] = " a " }));

        Assert.Null(settings.Optional<string>("NAME_Y", _ => throw new FormatException("never called")));
        Assert.Equal("A", settings.Optional("NAME_X", v => v.ToUpperInvariant()));
        Assert.Throws<IOException>(() => settings.Optional<string>("NAME_X", _ => throw new IOException("disk")));
    }
}
