using Microsoft.Playwright;

namespace Realtime.LocalCloud.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: ExecutablePath), headless, with a fresh profile per use.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        IPlaywright playwright = await Playwright.CreateAsync();
        string profile = Directory.CreateTempSubdirectory("localcloud-chromium-").FullName;
        IBrowserContext context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Timeout = 60_000,
            // Chromium's own temp files go into the profile, which is deleted with it: nothing is left in /tmp.
            Env = new Dictionary<string, string> { ["TMPDIR"] = profile },
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        return new Chromium(playwright, context, profile);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        // Chromium's last processes may still be writing for a moment after the close: retry briefly.
        for (int attempt = 1; Directory.Exists(_profile); attempt++)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }
}
