using Realtime.LocalCloud.Hosting;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class CommandLineTests
{
    [Fact]
    public void Defaults_AreTheDocumentedPorts()
    {
        LocalCloudOptions options = CommandLine.Parse(["--root", "/repo"]);
        Assert.Equal(("/repo", 3000, 8080, 4000, 4001), (options.Root, options.ApiPort, options.DemoPort, options.IotPort, options.StsPort));
    }

    [Fact]
    public void PortsParametersAndEnvironment_AreRead()
    {
        LocalCloudOptions options = CommandLine.Parse(["--root", "/repo", "--api-port", "0", "--iot-port", "14000",
            "--parameter", "SessionIdleSeconds=10", "--env", "A=b=c"]);
        Assert.Equal(0, options.ApiPort);
        Assert.Equal(14000, options.IotPort);
        Assert.Equal("10", options.Parameters["SessionIdleSeconds"]);
        Assert.Equal("b=c", options.Environment["A"]);
    }

    [Theory]
    [InlineData("--api-port", "70000")]
    [InlineData("--api-port", "x")]
    [InlineData("--parameter", "NoEquals")]
    [InlineData("--bogus", "1")]
    public void BadArguments_AreRefusedWithAMessage(string name, string value) =>
        Assert.Throws<FormatException>(() => CommandLine.Parse([name, value]));

    [Fact]
    public void MissingValue_IsRefused() =>
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--root"]));
}
