# bench.py is a script run by hand (and by test_bench.py in a subprocess), never a test module.
collect_ignore = ["bench.py"]
