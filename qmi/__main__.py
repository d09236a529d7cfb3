import sys

from qmi.cli import main

sys.exit(main())
