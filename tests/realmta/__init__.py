"""The real-MTA harness: real MTAs provoked into writing bounces, and their truth."""
