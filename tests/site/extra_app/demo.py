def seed(*, stdout):
    stdout.write("ny app seedet")
