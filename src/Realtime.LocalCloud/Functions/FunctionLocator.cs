using Realtime.LocalCloud.Sam;

namespace Realtime.LocalCloud.Functions;

/// <summary>
/// Finds what to run for a function, as Lambda would. For the managed runtime (dotnet10) the Handler names a Native AOT
/// executable: the one <c>deploy/package.sh</c> publishes and zips, at <c>&lt;functions&gt;/&lt;LogicalId&gt;/&lt;Handler&gt;</c>
/// (default <c>&lt;root&gt;/artifacts/&lt;this machine's architecture&gt;</c>; <c>./build.sh run</c> and <c>./build.sh test</c>
/// publish it), so what runs locally is what ships. For <c>provided.*</c> runtimes: <c>&lt;root&gt;/&lt;CodeUri&gt;/bootstrap</c>.
/// </summary>
internal static class FunctionLocator
{
    /// <summary>The default folder of published functions under <paramref name="root"/>, for this machine's architecture.</summary>
    public static string DefaultFunctionsFolder(string root) => Path.Combine(root, "artifacts", ExecutableArchitecture.Host.TemplateName);

    public static FunctionExecutable Locate(string root, FunctionDefinition function, string? functionsFolder = null)
    {
        if (function.Runtime.StartsWith("provided", StringComparison.Ordinal))
        {
            string bootstrap = Path.Combine(Path.GetFullPath(Path.Combine(root, function.CodeUri)), "bootstrap");
            return File.Exists(bootstrap)
                ? new FunctionExecutable(bootstrap, ExecutableArchitecture.Host)
                : throw new TemplateException($"{function.LogicalId}: runtime {function.Runtime} needs an executable {bootstrap}");
        }

        string folder = Path.GetFullPath(functionsFolder ?? DefaultFunctionsFolder(root));
        string executable = Path.Combine(folder, function.LogicalId, function.Handler);
        if (!File.Exists(executable))
        {
            throw new TemplateException(
                $"{function.LogicalId}: no Native AOT build of {function.Handler} at {executable}; build it first " +
                $"(./build.sh run does, or: deploy/package.sh --arch {ExecutableArchitecture.Host.TemplateName})");
        }

        return new FunctionExecutable(executable, ExecutableArchitecture.Of(executable));
    }
}
