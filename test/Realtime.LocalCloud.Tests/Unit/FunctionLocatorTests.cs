using System.Text.Json.Nodes;
using Realtime.LocalCloud.Functions;
using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Tests.Unit;

/// <summary>Which file the local cloud runs for a function, and how it tells an arm64 executable from an x64 one.</summary>
public sealed class FunctionLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("locator-").FullName;

    [Fact]
    public void ManagedRuntime_RunsThePublishedExecutable_NamedByLogicalIdAndHandler()
    {
        string functions = Path.Combine(_root, "published");
        string executable = Path.Combine(functions, "Echo", "EchoHandler");
        Directory.CreateDirectory(Path.GetDirectoryName(executable)!);
        File.WriteAllBytes(executable, ElfHeader(0xB7));

        FunctionExecutable found = FunctionLocator.Locate(_root, Function("dotnet10"), functions);

        Assert.Equal(executable, found.Path);
        Assert.Equal(ExecutableArchitecture.Arm64, found.Architecture);
    }

    [Fact]
    public void ManagedRuntime_WithoutAPublishedExecutable_SaysHowToBuildIt()
    {
        var error = Assert.Throws<TemplateException>(() => FunctionLocator.Locate(_root, Function("dotnet10")));

        Assert.Contains(Path.Combine(_root, "artifacts", ExecutableArchitecture.Host.TemplateName, "Echo", "EchoHandler"), error.Message, StringComparison.Ordinal);
        Assert.Contains("deploy/package.sh", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x3E, "x86_64")]
    [InlineData(0xB7, "arm64")]
    public void ElfMachine_NamesTheArchitecture(int machine, string expected)
        => Assert.Equal(expected, ExecutableArchitecture.FromElfHeader(ElfHeader((ushort)machine)).TemplateName);

    [Fact]
    public void AScriptOrAShortFile_RunsOnThisMachine()
    {
        Assert.Equal(ExecutableArchitecture.Host, ExecutableArchitecture.FromElfHeader("#!/bin/sh\nexec true\n\n"u8));
        Assert.Equal(ExecutableArchitecture.Host, ExecutableArchitecture.FromElfHeader("\u007fELF"u8));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static byte[] ElfHeader(ushort machine)
    {
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        header[4] = 2; // 64-bit
        header[5] = 1; // little-endian
        header[18] = (byte)machine;
        header[19] = (byte)(machine >> 8);
        return header;
    }

    private static FunctionDefinition Function(string runtime) =>
        TemplateLoader.Parse((JsonObject)JsonNode.Parse($$"""
            { "Resources": { "Echo": { "Type": "AWS::Serverless::Function", "Properties": {
                "CodeUri": "./src/Echo/", "Handler": "EchoHandler", "Runtime": "{{runtime}}", "MemorySize": 128, "Timeout": 3 } } } }
            """)!, new Dictionary<string, string>()).Functions.Single();
}
