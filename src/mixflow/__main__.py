import sys

from mixflow.cli.main import main

sys.exit(main())
