using Deployment.Tests.Sql;

namespace Deployment.Tests.Tests;

/// <summary>The tiny rule-SQL parser the template tests rely on.</summary>
public sealed class IotRuleSqlTests
{
    [Fact]
    public void Parse_SelectListWithFunctionAndAlias()
    {
        var sql = IotRuleSql.Parse("SELECT *, clientid() AS clientId, topic(2) AS channel FROM 'a/b' WHERE x = 'y, z'");

        Assert.Equal(
            [new SelectItem("*", null), new SelectItem("clientid()", "clientId"), new SelectItem("topic(2)", "channel")],
            sql.Select);
        Assert.Equal("a/b", sql.Topic);
        Assert.Equal("x = 'y, z'", sql.Where);
    }

    [Fact]
    public void Parse_KeywordsAreCaseInsensitive_AndQuotedCommasDoNotSplit()
    {
        var sql = IotRuleSql.Parse("select concat('a,b', c) as d from 'foobar/+/x'");

        Assert.Equal([new SelectItem("concat('a,b', c)", "d")], sql.Select);
        Assert.Equal("foobar/+/x", sql.Topic);
    }

    [Theory]
    [InlineData("SELECT * FROM foobar/session", "single quotes")] // the original design's bug
    [InlineData("SELECT * 'foobar/session'", "Missing FROM")]
    [InlineData("* FROM 'foobar/session'", "Expected SELECT")]
    [InlineData("SELECT FROM 'foobar/session'", "Empty item")]
    [InlineData("SELECT *, FROM 'foobar/session'", "Empty item")]
    [InlineData("SELECT * FROM 'foobar/session", "Unbalanced")]
    [InlineData("SELECT * FROM ''", "empty")]
    [InlineData("SELECT * FROM 'foobar/session' ORDER BY x", "Expected WHERE")]
    [InlineData("SELECT * FROM 'foobar/session' WHERE", "needs a condition")]
    [InlineData("SELECT clientid() AS FROM 'foobar/session'", "Bad select item")]
    [InlineData("SELECT count(( FROM 'foobar/session'", "Unbalanced")]
    public void Parse_MalformedSql_ThrowsFormatExceptionNamingTheProblem(string sql, string expected)
    {
        var error = Assert.Throws<FormatException>(() => IotRuleSql.Parse(sql));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
