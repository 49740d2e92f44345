import GRDB
import Crypto
public enum P2 {}
