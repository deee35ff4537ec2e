return 0; // placeholder entry point, replaced by the real one
