import ArgumentParser
public enum P3 {}
