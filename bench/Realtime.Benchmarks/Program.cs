using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter, e.g. --filter '*Presign*'.
BenchmarkSwitcher.FromAssembly(typeof(Realtime.Benchmarks.SigV4Benchmarks).Assembly).Run(args);
