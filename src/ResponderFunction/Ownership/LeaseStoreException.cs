namespace ResponderFunction.Ownership;

/// <summary>The lease store could not be reached or refused the request for a reason other than the condition.</summary>
internal sealed class LeaseStoreException(string message, Exception? inner = null) : Exception(message, inner);
