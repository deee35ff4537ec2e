namespace Realtime.Lambda.TestUtilities.Tests;

public sealed class DictionaryEnvironmentVariablesTests
{
    [Fact]
    public void GetSetAndRemove_AreCaseSensitive()
    {
        var env = new DictionaryEnvironmentVariables(new Dictionary<string, string> { ["A"] = "1" }) { ["B"] = "2" };

        env["A"] = null;

        Assert.Null(env.Get("A"));
        Assert.Equal("2", env.Get("B"));
        Assert.Null(env.Get("b"));
    }

    [Fact]
    public void CopiesTheGivenValues_SoLaterChangesToTheSourceDoNotLeakIn()
    {
        var source = new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" };
        var env = new DictionaryEnvironmentVariables(source);

        source["AWS_REGION"] = "eu-west-1";

        Assert.Equal("us-east-1", env["AWS_REGION"]);
    }
}
