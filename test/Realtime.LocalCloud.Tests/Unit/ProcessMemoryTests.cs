using Realtime.LocalCloud.Functions;

namespace Realtime.LocalCloud.Tests.Unit;

public sealed class ProcessMemoryTests
{
    [Fact]
    public void ParsePeakResidentBytes_ReadsVmHwmInKilobytes()
    {
        const string status = "Name:\tbootstrap\nVmPeak:\t  123456 kB\nVmHWM:\t   35120 kB\nVmRSS:\t   30000 kB\n";
        Assert.Equal(35120L * 1024, ProcessMemory.ParsePeakResidentBytes(status));
    }

    [Theory]
    [InlineData("Name:\tzombie\nState:\tZ (zombie)\n")]
    [InlineData("VmHWM:\tlots\n")]
    public void ParsePeakResidentBytes_WithoutAUsableVmHwm_IsNull(string status) =>
        Assert.Null(ProcessMemory.ParsePeakResidentBytes(status));

    [Fact]
    public void PeakResidentBytes_OfThisProcess_IsAtLeastItsCurrentWorkingSet()
    {
        long? peak = ProcessMemory.PeakResidentBytes(Environment.ProcessId);
        Assert.NotNull(peak);
        Assert.True(peak >= Environment.WorkingSet / 2, $"VmHWM {peak} vs working set {Environment.WorkingSet}");
    }

    [Fact]
    public void PeakResidentBytes_OfAProcessThatDoesNotExist_IsNull() =>
        Assert.Null(ProcessMemory.PeakResidentBytes(int.MaxValue));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(1024 * 1024, 1)]
    [InlineData((1024 * 1024) + 1, 2)]
    public void ToMegabytes_RoundsUp(long bytes, long megabytes) => Assert.Equal(megabytes, ProcessMemory.ToMegabytes(bytes));
}
