using Realtime.TestSupport;

namespace Realtime.Mqtt.Tests.Integration;

/// <summary>The tests against a real Mosquitto share one broker and run one class at a time.</summary>
[CollectionDefinition(MosquittoFixture.Collection)]
public sealed class MosquittoCollection : ICollectionFixture<MosquittoFixture>;
